import KilnCore

/// The SQL of a cursor page over an id-ordered table, shared by every list of every store.
struct SQLCursor {
    let page: PageRequest
    private(set) var conditions: [String] = []
    private(set) var arguments: [String] = []

    init(_ page: PageRequest, column: String = "id", placeholder: (Int) -> String = { _ in "?" }) {
        self.page = page
        let descending = page.order == .desc
        if let after = page.after {
            conditions.append("\(column) \(descending ? "<" : ">") \(placeholder(0))")
            arguments.append(after)
        }
        if let before = page.before {
            conditions.append("\(column) \(descending ? ">" : "<") \(placeholder(arguments.count))")
            arguments.append(before)
        }
    }

    /// The scan direction: the list's order, reversed when paging backwards from `before`.
    var direction: String {
        (page.order == .desc) != page.scansBackwards ? "DESC" : "ASC"
    }

    /// Trims the extra row fetched to learn whether more follow, and restores list order.
    func page<Item>(_ rows: [Item], limit: Int) -> Page<Item> {
        let hasMore = rows.count > limit
        var items = Array(rows.prefix(limit))
        if page.scansBackwards { items.reverse() }
        return Page(items: items, hasMore: hasMore)
    }
}
