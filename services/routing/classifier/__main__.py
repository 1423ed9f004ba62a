"""CLI: `python -m services.routing.classifier train` | `eval FILE`."""

import argparse
import json
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m services.routing.classifier")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("train", help="train and write the artefact into model/")
    evaluate_cmd = commands.add_parser("eval", help="score a labelled JSONL file")
    evaluate_cmd.add_argument("file", type=Path)
    evaluate_cmd.add_argument("--model", default=None, help="artefact directory (default: the committed one)")
    args = parser.parse_args(argv)
    if args.command == "train":
        from services.routing.classifier.train import train

        metadata = train()
        print(json.dumps(metadata), file=sys.stderr)
        return 0
    from services.routing.classifier.evaluate import evaluate
    from services.routing.classifier.model import load_classifier

    print(json.dumps(evaluate(load_classifier(args.model), args.file)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
