"""Live mode for workshops (``make live``): Voilà serving the two «Utforsk» notebooks.

What this adds to a plain ``voila`` call, so that live mode holds up for a whole workshop day:

- **Only the two dashboards.** Voilà serves a folder of its own (``_build/live``) holding copies
  of the two workshop notebooks, so no chapter notebook can be opened through it.
- **A Norwegian start page that fetches nothing** (the ``ropbok`` template's ``tree.html``):
  Voilà's own start page is English, lists every notebook and loads Font Awesome from a CDN.
- **Kernels end when their page closes.** The page sends a shutdown request on unload with the
  ``_xsrf`` cookie's value; Voilà never sets that cookie on a notebook page, so every request was
  refused (``403 '_xsrf' argument missing``, voila-dashboards/voila#1458) and each reload left a
  kernel of about 180 MB running. :func:`_set_xsrf_cookie` makes the page set the cookie. Idle
  kernels are culled as a second line of defence (pooled kernels are exempt; Voilà sees to that).
- **Pages ready within seconds**: Voilà's preheated kernels run each notebook before anyone asks
  for it (one per notebook; the pool is refilled after each use).
- **A token for the meeting room's network.** On 127.0.0.1 no token is needed (only this machine
  can connect). With ``--host 0.0.0.0`` (``make live HOST=0.0.0.0``) a random token is made,
  printed with the address, and every request without it is refused.
"""

from __future__ import annotations

import argparse
import ipaddress
import secrets
import shutil
import socket
from pathlib import Path

from . import ROOT

# The workshop notebooks (their Norwegian titles are on the start page, templates/ropbok/tree.html).
DASHBOARDS = ("hvor-star-var-kommune.ipynb", "utforsk-dataene.ipynb")
TEMPLATE_DIR = ROOT / "ropbook" / "voila"
LIVE_DIR = ROOT / "_build" / "live"
CULL_IDLE_SECONDS = 20 * 60  # a kernel nobody has used for 20 minutes is shut down
CULL_INTERVAL_SECONDS = 60


def prepare_root(target: Path = LIVE_DIR) -> Path:
    """A fresh folder holding only the workshop notebooks (copies of those in chapters/)."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for name in DASHBOARDS:
        shutil.copy2(ROOT / "chapters" / name, target / name)
    return target


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def voila_argv(root: Path, host: str, port: int, token: str | None, pool_size: int = 1,
               cull_idle: int = CULL_IDLE_SECONDS, cull_interval: int = CULL_INTERVAL_SECONDS) -> list[str]:
    argv = [
        str(root),
        "--no-browser",
        f"--port={port}",
        f"--Voila.ip={host}",
        "--template=ropbok",
        "--VoilaConfiguration.classic_tree=True",
        # Preheated kernels: the notebook has run before the page is asked for.
        "--VoilaConfiguration.preheat_kernel=True",
        f"--VoilaConfiguration.default_pool_size={pool_size}",
        # A page closed without its unload request (a crashed tab, a laptop lid shut) leaves a kernel
        # with no connection: it is shut down once it has been idle this long.
        f"--MappingKernelManager.cull_idle_timeout={cull_idle}",
        f"--MappingKernelManager.cull_interval={cull_interval}",
        "--MappingKernelManager.cull_connected=False",
    ]
    argv.append(f"--token={token}" if token else "--token=")
    return argv


def _set_xsrf_cookie():
    """Make Voilà's notebook page set the ``_xsrf`` cookie, so its shutdown request on unload passes.

    The page's script sends the cookie's value with the request (``FormData`` field ``_xsrf``), but
    only jupyter-server's template pages read ``handler.xsrf_token``, which is what sets the cookie;
    Voilà's notebook handler never does. Reading it in ``prepare`` (before the page is streamed)
    sets the cookie and changes nothing else.
    """
    from voila.handler import VoilaHandler

    if getattr(VoilaHandler, "_ropbook_xsrf", False):
        return
    original = VoilaHandler.prepare

    async def prepare(self, *args, **kwargs):
        result = original(self, *args, **kwargs)
        if hasattr(result, "__await__"):
            result = await result
        self.xsrf_token  # noqa: B018  (the property sets the cookie)
        return result

    VoilaHandler.prepare = prepare
    VoilaHandler._ropbook_xsrf = True


KERNEL_MARKERS = ("ipykernel_launcher", "ropbook.kernel")  # ipykernel's launcher, or the book's kernelspec


def kernels(pid: int) -> list:
    """The kernels running under process ``pid`` (psutil processes); one that has exited (a zombie not
    yet reaped, or gone while we look) does not count."""
    import psutil

    found = []
    for kid in psutil.Process(pid).children(recursive=True):
        try:
            if kid.status() != psutil.STATUS_ZOMBIE and any(m in " ".join(kid.cmdline()) for m in KERNEL_MARKERS):
                found.append(kid)
        except (psutil.NoSuchProcess, psutil.ZombieProcess):
            continue
    return found


def wait_for_idle_kernels(pid: int, count: int, quiet: float = 2.0, timeout: float = 180.0) -> bool:
    """True once ``count`` kernels run under ``pid`` and have used (almost) no CPU for ``quiet`` seconds,
    False at ``timeout``. Voilà calls a pool «filled» as soon as its kernels start; the notebooks are run
    in them after that, and the pages open at once only when they are done."""
    import time

    import psutil

    def cpu(procs) -> float:
        total = 0.0
        for p in procs:
            try:
                t = p.cpu_times()
                total += t.user + t.system
            except (psutil.NoSuchProcess, psutil.ZombieProcess):
                pass
        return total

    deadline = time.time() + timeout
    idle_since = None
    while time.time() < deadline:
        procs = kernels(pid)
        before = cpu(procs)
        time.sleep(0.5)
        if len(procs) >= count and cpu(procs) - before < 0.05:  # under 10 % of one core
            idle_since = idle_since or time.time()
            if time.time() - idle_since >= quiet:
                return True
        else:
            idle_since = None
    return False


READY_LINE = "Sidene er klare"


def _announce_when_ready(count: int, url: str) -> None:
    import os

    if wait_for_idle_kernels(os.getpid(), count):
        print(f"{READY_LINE} (forhåndskjørt): {url}", flush=True)


def lan_address() -> str:
    """This machine's address as its own name resolves (for the printed link; nothing is sent)."""
    try:
        return socket.gethostbyname(socket.gethostname())
    except OSError:
        return "denne-maskinens-adresse"


def main(argv: list[str] | None = None) -> None:
    import os

    parser = argparse.ArgumentParser(description="Live-modus for arbeidsmøter (Voilà).")
    parser.add_argument("--host", default="127.0.0.1", help="adressen det lyttes på (0.0.0.0: også andre maskiner på nettet)")
    parser.add_argument("--port", type=int, default=8866)
    parser.add_argument("--token", default=None, help="tilgangsnøkkel (lages automatisk når host ikke er 127.0.0.1)")
    parser.add_argument("--pool-size", type=int, default=1)
    parser.add_argument("--cull-idle", type=int, default=CULL_IDLE_SECONDS, help="sekunder før en ubrukt kjerne stoppes")
    parser.add_argument("--cull-interval", type=int, default=CULL_INTERVAL_SECONDS)
    args = parser.parse_args(argv)

    token = args.token
    if token is None and not is_loopback(args.host):
        token = secrets.token_urlsafe(16)
    root = prepare_root()
    os.environ["ROPBOOK_LIVE"] = "1"
    os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(TEMPLATE_DIR), os.environ.get("JUPYTER_PATH")]))
    query = f"?token={token}" if token else ""
    print(f"Live-modus (Voilà) starter. Notatbøkene kjøres på forhånd; åpne sidene når det står «{READY_LINE}» under.", flush=True)
    print(f"  På denne maskinen: http://127.0.0.1:{args.port}/{query}", flush=True)
    if token:
        lan = lan_address() if args.host in ("0.0.0.0", "::") else args.host
        if is_loopback(lan) or not lan[0].isdigit():
            lan = "<denne maskinens IP-adresse>"  # shown by `ip addr` (Linux), `ipconfig` (Windows)
        print(f"  For deltakerne:    http://{lan}:{args.port}/{query}", flush=True)
        print(f"  Tilgangsnøkkel:    {token}  (uten nøkkelen blir forespørsler avvist)", flush=True)
    else:
        print("  Bare denne maskinen kan koble til. For deltakere på møterommets nett: make live HOST=0.0.0.0", flush=True)
    print("  Stopp med Ctrl+C.", flush=True)

    _set_xsrf_cookie()
    if args.pool_size > 0:  # one preheated kernel per notebook and pool slot
        import threading

        url = f"http://127.0.0.1:{args.port}/{query}"
        threading.Thread(target=_announce_when_ready, args=(2 * args.pool_size, url), daemon=True).start()
    from voila.app import Voila

    Voila.launch_instance(argv=voila_argv(root, args.host, args.port, token, args.pool_size, args.cull_idle, args.cull_interval))


if __name__ == "__main__":
    main()
