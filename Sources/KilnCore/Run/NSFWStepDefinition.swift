/// Classifies the frames of a video (one every `interval` seconds, at most 300) or an image as
/// safe or not safe for work, and reports the scores as a JSON file. A job kind too (a Kiln
/// extension): probe → import → nsfw → export. Its engine lives in KilnIntelligence.
public enum NSFWStep: StepDefinition {
    public static let kind = StepKind.nsfw
    public static let inputRole = StepInputRole.file
    public static let reportsProgress = false
    public static let isJobKind = true
    public static let optionSpecs = NSFWOptions.specs
    public static func options(from json: JSONObject) throws(APIError) -> NSFWOptions {
        try NSFWOptions.parse(OptionReader(json, kind: kind))
    }
}
