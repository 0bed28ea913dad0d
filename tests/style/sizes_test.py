#!/usr/bin/env python3
"""Sizes that keep the code readable: no source file under sim/ over 600
lines, and no function over 60 lines (from the line with its opening brace
to the line with its closing brace). Functions are found by the shape
clang-format gives them: a definition ending in "{" at namespace or class
indentation, closed by "}" at the same indentation.

    sizes_test.py [SMTPSIM]    (the argument is ignored: CTest passes the binary)
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
MAX_FILE = 600
MAX_FUNCTION = 60
NOT_FUNCTIONS = re.compile(
    r"^\s*(namespace|class|struct|enum|union|extern|template\s*<[^>]*>\s*(class|struct))\b|"
    r"=\s*\{$|^\s*(if|for|while|switch|else|do|try|catch)\b")
DEFINITION = re.compile(r"^( {0,4})\S.*\)[^;{}]*\{$")


def long_functions(path):
    lines = path.read_text().splitlines()
    found = []
    i = 0
    while i < len(lines):
        match = DEFINITION.match(lines[i])
        if not match or NOT_FUNCTIONS.search(lines[i]):
            i += 1
            continue
        closing = match.group(1) + "}"
        end = i + 1
        while end < len(lines) and lines[end].rstrip() not in (closing, closing + ";"):
            end += 1
        length = end - i + 1
        if length > MAX_FUNCTION:
            found.append((i + 1, length, lines[i].strip()))
        i = end + 1
    return found


def main():
    problems = []
    for path in sorted((ROOT / "sim").rglob("*")):
        if path.suffix not in (".cpp", ".hpp"):
            continue
        rel = path.relative_to(ROOT)
        count = len(path.read_text().splitlines())
        if count > MAX_FILE:
            problems.append(f"{rel}: {count} lines (at most {MAX_FILE})")
        for line, length, head in long_functions(path):
            problems.append(f"{rel}:{line}: a function of {length} lines (at most "
                            f"{MAX_FUNCTION}): {head}")
    for problem in problems:
        print(problem)
    if problems:
        return 1
    print("sizes: every file and function is within its limit")
    return 0


if __name__ == "__main__":
    sys.exit(main())
