/// One chunk of a chunked encode: a step the run gains after its import (see
/// `Lifecycle.planChunks`), encoding `start`–`end` of the input with the options of the `video`
/// or `adaptive_video` step it comes before, which joins the chunks (for `adaptive_video`, the
/// chunk holds the span in every rendition of the ladder). Not a kind `POST /tasks` or
/// `POST /jobs` takes.
public enum VideoChunkStep: StepDefinition {
    public static let kind = StepKind.videoChunk
    public static let inputRole = StepInputRole.file
    public static let reportsProgress = true
    public static let isJobKind = false
    public static let optionSpecs: [OptionSpec] = []

    public static func options(from json: JSONObject) throws(APIError) -> VideoChunkOptions {
        guard let index = json["index"]?.doubleValue, let start = json["start"]?.doubleValue, let end = json["end"]?.doubleValue,
              start >= 0, end > start else {
            throw .invalidOption("a video_chunk task has the options index, start and end (seconds, start before end)")
        }
        return VideoChunkOptions(index: Int(index), range: ChunkRange(start: start, end: end), encode: json["encode"]?.stringValue)
    }
}

public struct VideoChunkOptions: StepOptionsValue {
    public var index: Int
    public var range: ChunkRange
    /// The id of the task that joins the chunks (absent in chunks planned before it was recorded),
    /// so a client tells the pieces of a workflow's encodes apart.
    public var encode: String?

    public init(index: Int, range: ChunkRange, encode: String? = nil) {
        self.index = index
        self.range = range
        self.encode = encode
    }

    public var canonical: JSONObject {
        JSONObject([JSONField("index", .int(Int64(index))), JSONField("start", .double(range.start)), JSONField("end", .double(range.end))]
            + (encode.map { [JSONField("encode", .string($0))] } ?? []))
    }
}
