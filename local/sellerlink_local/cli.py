"""The `sellerlink` command: serve the local stack, run the Amazon sandbox alone, or the demo."""

from __future__ import annotations

import argparse
import signal
import sys
import threading


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="sellerlink", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="run the whole stack on this machine")
    _stack_ports(serve, api=3000, aws=3200, sandbox=3100)
    serve.add_argument("--no-signup", action="store_true", help="refuse public sign-up (POST /v1/signup)")
    serve.add_argument(
        "--no-schedules",
        action="store_true",
        help="do not fire the daily pull as the sandbox clock passes it",
    )

    sandbox = commands.add_parser("sandbox", help="run the Amazon sandbox alone")
    sandbox.add_argument("--port", type=int, default=3100)

    demo = commands.add_parser("demo", help="start the stack and run the whole story end to end")
    _stack_ports(demo, api=0, aws=0, sandbox=0)
    demo.add_argument(
        "--keep-running", action="store_true", help="keep the stack running after the story, until Ctrl-C"
    )

    args = parser.parse_args(argv)
    if args.command == "sandbox":
        from sellerlink_local.sandbox.server import serve as serve_sandbox

        serve_sandbox(args.port)
        return 0
    if args.command == "demo":
        from sellerlink_local.demo.story import run_demo

        return run_demo(_options(args), keep_running=args.keep_running)
    return _serve(args)


def _stack_ports(parser: argparse.ArgumentParser, *, api: int, aws: int, sandbox: int) -> None:
    parser.add_argument(
        "--api-port", type=int, default=api, help=f"HTTP API gateway (default {api or 'any free'})"
    )
    parser.add_argument(
        "--aws-port", type=int, default=aws, help=f"AWS emulator (default {aws or 'any free'})"
    )
    parser.add_argument(
        "--sandbox-port", type=int, default=sandbox, help=f"Amazon sandbox (default {sandbox or 'any free'})"
    )


def _options(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from sellerlink_local.stack.runtime import StackOptions

    parameters = {"AllowSignup": "false"} if getattr(args, "no_signup", False) else {}
    return StackOptions(
        api_port=args.api_port,
        aws_port=args.aws_port,
        sandbox_port=args.sandbox_port,
        parameters=parameters,
        fire_schedules=args.command == "serve" and not args.no_schedules,
    )


def _serve(args: argparse.Namespace) -> int:
    from sellerlink_local.stack.runtime import LocalStack

    stack = LocalStack(_options(args)).start()
    print(f"Dashboard          {stack.api_url}/")
    print(f"Sellerlink API     {stack.api_url}   (paths under /v1; docs: {stack.api_url}/docs)")
    print(f"Amazon sandbox     {stack.sandbox_url}")
    print(f"AWS emulator       {stack.emulator.url}")
    print(f"Operator key       {stack.operator_key}")
    print(f"Function logs      {stack.logs_dir}")
    print("Ctrl-C stops everything.")
    stopped = threading.Event()
    for stop_signal in (signal.SIGINT, signal.SIGTERM):  # explicit: a background job inherits SIGINT ignored
        signal.signal(stop_signal, lambda *_: stopped.set())
    stopped.wait()
    stack.stop()
    print("stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
