"""A jupyter_server config file turning Nagle's algorithm off on the kernel websockets.

jupyter_server never calls ``set_nodelay(True)`` on its kernel websocket (tornado's default
is off), so after the kernel's ``busy`` status the next small frames (execute_input, the
result, idle) wait in the server's TCP stack for the browser's delayed ACK: ≈ 40 ms on Linux
per cell run, whatever the cell does. ``check_latency.py --browser --nodelay`` puts this file
in the benchmark server's config folder to measure the difference.
"""

from jupyter_server.services.kernels.websocket import KernelWebsocketHandler

_open = KernelWebsocketHandler.open


async def _open_without_nagle(self: KernelWebsocketHandler, kernel_id: str) -> None:
    self.set_nodelay(True)
    return await _open(self, kernel_id)


KernelWebsocketHandler.open = _open_without_nagle
