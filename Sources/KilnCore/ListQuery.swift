/// Sort order of a list.
public enum SortOrder: String, Sendable, CaseIterable {
    case asc, desc
}

/// Cursor pagination shared by every list: `limit` 1–100 (default 20), `after` / `before` an id of
/// the list, `order` by creation (`desc` by default).
public struct PageRequest: Sendable, Equatable {
    public var limit: Int
    public var after: String?
    public var before: String?
    public var order: SortOrder

    public init(limit: Int = 20, after: String? = nil, before: String? = nil, order: SortOrder = .desc) {
        self.limit = limit
        self.after = after
        self.before = before
        self.order = order
    }

    /// When only `before` is given the page is the items just before it: the query scans backwards.
    public var scansBackwards: Bool { before != nil && after == nil }

    public static let parameterNames = ["limit", "after", "before", "order"]

    public static func parse(_ params: [String: String], idPrefix: IDPrefix) throws(APIError) -> PageRequest {
        var page = PageRequest()
        if let limit = params["limit"] {
            guard let value = Int(limit), (1...100).contains(value) else {
                throw .invalidRequest("limit must be a whole number from 1 to 100, got '\(limit)'")
            }
            page.limit = value
        }
        for name in ["after", "before"] {
            guard let id = params[name] else { continue }
            guard IDSource.isWellFormed(id, prefix: idPrefix) else {
                throw .invalidRequest("\(name) must be an id from this list (\(idPrefix.rawValue)_…), got '\(id)'")
            }
            if name == "after" { page.after = id } else { page.before = id }
        }
        if let order = params["order"] {
            guard let value = SortOrder(rawValue: order) else {
                throw .invalidRequest("order must be asc or desc, got '\(order)'")
            }
            page.order = value
        }
        return page
    }
}

/// One page of a list and whether more items follow in the direction of travel.
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var hasMore: Bool

    public init(items: [Item], hasMore: Bool) {
        self.items = items
        self.hasMore = hasMore
    }
}

/// The filters of `GET /jobs`.
public struct JobFilter: Sendable, Equatable {
    public var kind: StepKind?
    public var status: JobStatus?
    public var input: String?

    public init(kind: StepKind? = nil, status: JobStatus? = nil, input: String? = nil) {
        self.kind = kind
        self.status = status
        self.input = input
    }

    public static let parameterNames = ["kind", "status", "input"]

    public static func parse(_ params: [String: String]) throws(APIError) -> JobFilter {
        var filter = JobFilter()
        if let kind = params["kind"] {
            guard let value = StepKind.jobKinds.first(where: { $0.rawValue == kind }) else {
                throw .invalidRequest("kind must be one of \(StepKind.jobKinds.map(\.rawValue).joined(separator: ", ")), got '\(kind)'")
            }
            filter.kind = value
        }
        if let status = params["status"] {
            guard let value = JobStatus(rawValue: status) else {
                throw .invalidRequest("status must be one of \(JobStatus.allNames), got '\(status)'")
            }
            filter.status = value
        }
        filter.input = params["input"]
        return filter
    }
}
