import Foundation

/// `--public-url` (or KILN_PUBLIC_URL): the base of every result URL a node hands out, so a
/// value that is not an http(s) URL is refused at start rather than in every job's output.
enum PublicURL {
    static func resolve(_ flag: String?, environment: [String: String], default fallback: String) throws -> String {
        guard let text = flag ?? environment["KILN_PUBLIC_URL"] else { return fallback }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let host = url.host, !host.isEmpty, url.query == nil, url.fragment == nil
        else {
            throw UsageError("\(flag != nil ? "--public-url" : "KILN_PUBLIC_URL") must be an http(s) URL like https://media.example.com, not '\(text)'")
        }
        return text
    }
}
