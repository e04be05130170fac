"""Staffing requirements: queueing maths for realtime and deferred contact queues."""
