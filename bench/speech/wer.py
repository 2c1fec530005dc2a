"""Word error rate of `kiln speech` against known text, and its seconds per minute of audio.

Usage: python3 wer.py KILN_BINARY MODEL CASES.tsv   (CASES.tsv: condition, audio path, reference text file)
Prints one line per condition: words, errors, WER, audio seconds, processing seconds.
"""
import json, re, subprocess, sys, tempfile, time, os

NUMBERS = {"0": "zero", "1": "one", "2": "two", "3": "three", "4": "four", "5": "five", "6": "six", "7": "seven",
           "8": "eight", "9": "nine", "10": "ten", "500": "five hundred", "mr": "mister"}


def words(text):
    text = re.sub(r"[-–]", " ", text.lower())
    text = re.sub(r"[^a-z0-9' ]", " ", text)
    out = []
    for w in text.split():
        out += NUMBERS.get(w, w).split()
    return out


def distance(ref, hyp):
    row = list(range(len(hyp) + 1))
    for i in range(1, len(ref) + 1):
        prev, row[0] = row[0], i
        for j in range(1, len(hyp) + 1):
            cur = min(row[j] + 1, row[j - 1] + 1, prev + (ref[i - 1] != hyp[j - 1]))
            prev, row[j] = row[j], cur
    return row[len(hyp)]


def main():
    binary, model, cases = sys.argv[1], sys.argv[2], sys.argv[3]
    totals = {}
    for line in open(cases):
        condition, audio, reference = line.rstrip("\n").split("\t")
        out = tempfile.mktemp(suffix=".json")
        started = time.monotonic()
        subprocess.run([binary, "speech", "-i", audio, "-o", out, "--local", "--speech-model", model], check=True, capture_output=True)
        seconds = time.monotonic() - started
        result = json.load(open(out))
        os.remove(out)
        ref = words(open(reference).read())
        errors = distance(ref, words(result["text"]))
        t = totals.setdefault(condition, [0, 0, 0.0, 0.0])
        t[0] += len(ref); t[1] += errors; t[2] += result["duration"]; t[3] += seconds
    for condition, (n, e, audio, seconds) in totals.items():
        print(f"{model}\t{condition}\t{n}\t{e}\t{e / n:.3f}\t{audio:.1f}\t{seconds:.1f}")


if __name__ == "__main__":
    main()
