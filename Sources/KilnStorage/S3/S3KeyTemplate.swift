import Foundation

/// The placeholders of an output key: `{id}` (the job or task), `{date}` (YYYY-MM-DD, UTC),
/// `{filename}` (the input's name without extension) and `{ext}` (the output's extension). A key
/// ending in `/` is a folder: the output's file name is added.
public enum S3KeyTemplate {
    public static func resolve(_ template: String, id: String, date: Date, filename: String, ext: String, outputName: String) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let day = calendar.dateComponents([.year, .month, .day], from: date)
        let dateText = String(format: "%04d-%02d-%02d", day.year ?? 0, day.month ?? 0, day.day ?? 0)
        var key = template
            .replacingOccurrences(of: "{id}", with: id)
            .replacingOccurrences(of: "{date}", with: dateText)
            .replacingOccurrences(of: "{filename}", with: filename)
            .replacingOccurrences(of: "{ext}", with: ext)
        if key.hasSuffix("/") { key += outputName }
        return key
    }
}
