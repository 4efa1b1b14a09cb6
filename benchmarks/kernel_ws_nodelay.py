"""A jupyter_server config file turning Nagle's algorithm off on the kernel websockets.

jupyter_server never calls ``set_nodelay(True)`` on its kernel websocket (tornado's default
is off). With a Python websocket client (tornado) on this machine, the frames after the
kernel's ``busy`` status (execute_input, the result, idle) then wait for the client's delayed
ACK: a ``1+1`` round trip through the server took 48 ms median, 11.5 ms with this file. In
headless Chromium the same change made no measurable difference (the page's own work after
Shift+Enter dominates). ``check_latency.py --browser --nodelay`` puts this file in the
benchmark server's config folder to measure it again.
"""

from jupyter_server.services.kernels.websocket import KernelWebsocketHandler

_open = KernelWebsocketHandler.open


async def _open_without_nagle(self: KernelWebsocketHandler, kernel_id: str) -> None:
    self.set_nodelay(True)
    return await _open(self, kernel_id)


KernelWebsocketHandler.open = _open_without_nagle
