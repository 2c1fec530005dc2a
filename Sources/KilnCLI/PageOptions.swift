import ArgumentParser

/// The cursor options of every list command, as the API takes them.
struct PageOptions: ParsableArguments {
    @Option(help: "1–100 (default 20).") var limit: Int?
    @Option(help: "Items after this id in the list's order.") var after: String?
    @Option(help: "Items just before this id in the list's order.") var before: String?
    @Option(help: "asc or desc (default desc).") var order: String?

    /// These options as query parameters, beside `filters`.
    func query(_ filters: [String: String?]) -> String {
        Render.query(filters.merging(["limit": limit.map(String.init), "after": after, "before": before, "order": order]) { $1 })
    }
}
