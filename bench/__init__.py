"""Benchmarks: each script measures one thing at a size given by --stories; corpus.py makes what they measure on."""
