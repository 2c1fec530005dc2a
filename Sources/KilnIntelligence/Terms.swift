import Foundation

/// The content words of a text, for comparing what passages are about: lowercased, without
/// punctuation and without the commonest English words.
enum Terms {
    static func of(_ text: String) -> [String] {
        text.lowercased().split { !$0.isLetter && !$0.isNumber && $0 != "'" }
            .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "'")) }
            .filter { $0.count > 2 && !stopwords.contains($0) }
    }

    static func counts(_ terms: [String]) -> [String: Double] {
        terms.reduce(into: [:]) { $0[$1, default: 0] += 1 }
    }

    /// Cosine similarity of two bags of words: 0 (nothing shared) to 1.
    static func similarity(_ a: [String: Double], _ b: [String: Double]) -> Double {
        let dot = a.reduce(0.0) { $0 + $1.value * (b[$1.key] ?? 0) }
        let norms = sqrt(a.values.reduce(0) { $0 + $1 * $1 }) * sqrt(b.values.reduce(0) { $0 + $1 * $1 })
        return norms > 0 ? dot / norms : 0
    }

    static let stopwords: Set<String> = [
        "the", "and", "for", "are", "but", "not", "you", "all", "any", "can", "had", "her", "was", "one", "our", "out", "has",
        "him", "his", "how", "its", "may", "new", "now", "old", "see", "two", "way", "who", "did", "get", "got", "let", "put",
        "say", "she", "too", "use", "that", "with", "have", "this", "will", "your", "from", "they", "know", "want", "been",
        "good", "much", "some", "time", "very", "when", "come", "here", "just", "like", "long", "make", "many", "more", "only",
        "over", "such", "take", "than", "them", "well", "were", "what", "into", "then", "there", "these", "their", "would",
        "about", "which", "could", "other", "after", "first", "where", "those", "while", "also", "because", "being", "does",
        "doing", "going", "should", "said", "yes", "yeah", "okay", "really", "thing", "things", "something", "right", "think",
        "we're", "i'm", "it's", "that's", "don't", "you're", "they're", "there's", "we'll", "i'll", "can't", "won't", "didn't",
        "even", "still", "each", "most", "both", "same", "own", "again", "why", "off", "down", "back", "through", "before",
    ]
}
