"""CLI: `python -m services.routing.classifier train [--no-cv] | eval FILE | generate`."""

import argparse
import json
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m services.routing.classifier")
    commands = parser.add_subparsers(dest="command", required=True)
    train_cmd = commands.add_parser("train", help="train, cross-validate and write the artefact into model/")
    train_cmd.add_argument("--no-cv", action="store_true", help="skip cross-validation (keeps the default threshold)")
    train_cmd.add_argument("--out", type=Path, default=None, help="artefact directory (default: model/)")
    train_cmd.add_argument(
        "--corrections", type=Path, action="append", default=[],
        help="labelled JSONL (text, department) to add at the weight of real lines, e.g. reassigned cases",
    )
    evaluate_cmd = commands.add_parser("eval", help="score a labelled JSONL file; prints one JSON line")
    evaluate_cmd.add_argument("file", type=Path)
    evaluate_cmd.add_argument("--model", default=None, help="artefact directory (default: the committed one)")
    commands.add_parser("generate", help="regenerate data/synthetic.jsonl and data/lexicon.jsonl")
    args = parser.parse_args(argv)
    if args.command == "train":
        from services.routing.classifier.model import MODEL_DIR
        from services.routing.classifier.train import train

        metadata = train(args.out or MODEL_DIR, cv=not args.no_cv, corrections=args.corrections)
        print(json.dumps(metadata, ensure_ascii=False), file=sys.stderr)
        return 0
    if args.command == "generate":
        from services.routing.classifier.data import LEXICON, SYNTHETIC
        from services.routing.classifier.synth.generate import generate, generate_lexicon

        counts = generate(SYNTHETIC)
        print(json.dumps({"synthetic": counts, "lexicon": generate_lexicon(LEXICON)}), file=sys.stderr)
        return 0
    from services.routing.classifier.evaluate import evaluate
    from services.routing.classifier.model import load_classifier

    if not args.file.is_file():
        print(f"no such file: {args.file}", file=sys.stderr)
        return 2
    print(json.dumps(evaluate(load_classifier(args.model), args.file)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
