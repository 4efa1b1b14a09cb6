"""The sandbox: run untrusted student code in a child process and get back only plain data.

``client`` (trusted side) starts a warm ``server`` inside bubblewrap (or, without it, behind
rlimits alone); the server forks one fresh ``child`` per submission. Messages are ``wire``
frames: a JSON header and ``.npy`` blobs, never pickle. Only ``wire``, ``limits``, ``server``
and ``child`` are visible inside the sandbox.
"""
