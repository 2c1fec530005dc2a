import Foundation

/// Samples of a Prometheus text exposition, by name and labels, for checks that a figure moved.
/// (The format's own parser, `prometheus_client`, reads it in the browser tests.)
struct MetricsText {
    /// `name{a="1",b="2"}` with the labels sorted → value.
    let samples: [String: Double]

    init(_ text: String) {
        var samples: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
            let series = String(line[..<space])
            guard let brace = series.firstIndex(of: "{") else {
                samples[series] = value
                continue
            }
            let name = series[..<brace]
            let labels = series[series.index(after: brace)..<series.index(before: series.endIndex)]
                .split(separator: ",").map(String.init).sorted()
            samples["\(name){\(labels.joined(separator: ","))}"] = value
        }
        self.samples = samples
    }

    /// The sample's value; 0 when it is not there yet.
    func value(_ name: String, _ labels: [String: String] = [:]) -> Double {
        let key = labels.isEmpty ? name : "\(name){\(labels.map { "\($0.key)=\"\($0.value)\"" }.sorted().joined(separator: ","))}"
        return samples[key] ?? 0
    }

    func has(_ name: String) -> Bool {
        samples.keys.contains { $0 == name || $0.hasPrefix(name + "{") }
    }
}
