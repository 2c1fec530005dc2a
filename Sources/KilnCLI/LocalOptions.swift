import KilnCore
import KilnPipeline

/// A kind's options checked here, by the rules `POST /jobs` and `POST /tasks` check them with,
/// before anything runs, so `kiln video …` and `kiln task …` refuse a bad option alike: a usage
/// error (exit status 2) in the API's words.
enum LocalOptions {
    /// The kind's catalog entry and its options in canonical form; `unit` ("job", "task") names
    /// what the kind was asked for when the catalog has no such kind.
    static func check(_ options: JSONObject, kind: StepKind, unit: String) throws -> (entry: StepCatalog.Entry, canonical: JSONObject) {
        guard let entry = StepRegistry.standard.catalog[kind] else { throw UsageError("'\(kind)' is not a \(unit) kind") }
        do {
            return (entry, try entry.validate(options))
        } catch {
            throw UsageError(error.message)
        }
    }
}
