"""python3 -m hearsay.workbench [--port 8765] [--host 127.0.0.1] [--root DIR] [--token T]"""
from __future__ import annotations

import argparse
import ipaddress
import os
import secrets
import sys

from . import DEFAULT_PORT, DEFAULT_ROOT


def _is_loopback(host):
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python3 -m hearsay.workbench",
        description="The hearsay workbench: a local web page to run scenarios and read answers.")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT,
                        help=f"port to listen on (default {DEFAULT_PORT}; 0 picks a free one)")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default 127.0.0.1: this machine only); any "
                             "other needs --token")
    parser.add_argument("--root", default=DEFAULT_ROOT,
                        help=f"folder for runs and uploaded scenarios, the only folder scenarios "
                             f"may read or write (default {DEFAULT_ROOT}; created if missing)")
    parser.add_argument("--token", default=os.environ.get("HEARSAY_WORKBENCH_TOKEN"),
                        help="secret every request must carry (header 'Authorization: Bearer "
                             "TOKEN' or X-Hearsay-Token, or ?token= once); required off "
                             "loopback; 'random' makes one (also $HEARSAY_WORKBENCH_TOKEN)")
    parser.add_argument("--scenarios", default=None,
                        help="folder of the scenarios to offer (default: the repository's "
                             "scenarios/)")
    parser.add_argument("--parallel", type=int, default=1,
                        help="runs at a time (default 1; the others wait in the queue)")
    parser.add_argument("--threads", type=int, default=None,
                        help="threads per run (default: all cores)")
    parser.add_argument("--max-minutes", type=float, default=60.0,
                        help="refuse runs estimated to take longer (default 60)")
    args = parser.parse_args(argv)
    if args.token == "random":
        args.token = secrets.token_urlsafe(24)
    if not _is_loopback(args.host) and not args.token:
        parser.error(f"--host {args.host} is reachable from other machines: give --token "
                     "(e.g. --token random) so that only who has it can run scenarios")
    if args.token is not None and len(args.token) < 8:
        parser.error("--token: give at least 8 characters")
    import socket

    import uvicorn

    from .server import create_app
    hosts = {"127.0.0.1", "localhost", "[::1]"}
    if not _is_loopback(args.host):
        hosts = set()  # reachable under any name: the token guards it
    app = create_app(args.root, token=args.token, hosts=hosts, parallel=args.parallel,
                     threads=args.threads, max_minutes=args.max_minutes,
                     shipped=args.scenarios and os.path.abspath(args.scenarios))
    family = socket.AF_INET6 if ":" in args.host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((args.host.strip("[]"), args.port))
    sock.listen(128)  # connections wait from now on, even before uvicorn serves them
    port = sock.getsockname()[1]
    shown = f"[{args.host}]" if ":" in args.host else args.host
    address = f"http://{shown}:{port}/"
    if args.token:
        address += f"?token={args.token}"
    print(f"hearsay workbench: {address}", flush=True)
    print(f"root folder: {os.getcwd()}", flush=True)
    config = uvicorn.Config(app, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    server.run(sockets=[sock])
    return 0


if __name__ == "__main__":
    sys.exit(main())
