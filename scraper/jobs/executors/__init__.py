"""Executors: where a job's inputs are fetched and cleaned (`local`: threads + a process
pool on this machine; `dask`: a Dask distributed cluster). Only the client writes state and
sinks, whichever executor runs the work."""
