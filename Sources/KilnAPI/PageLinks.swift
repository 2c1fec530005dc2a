import Foundation
import HTTPTypes
import Hummingbird
import KilnCore

/// `Has-More` and `Link: <…>; rel="next"` for a list page. The next page continues in the
/// direction of travel: `after` the last item, or `before` the first when paging backwards.
enum PageLinks {
    static func headers<Item>(_ page: Page<Item>, ids: [String], page request: PageRequest, params: [String: String], base: String) -> HTTPFields {
        var headers: HTTPFields = [.hasMore: page.hasMore ? "true" : "false"]
        guard page.hasMore, let first = ids.first, let last = ids.last else { return headers }
        var next = params
        if request.scansBackwards {
            next["before"] = first
        } else {
            next["after"] = last
        }
        var components = URLComponents()
        components.queryItems = next.keys.sorted().map { URLQueryItem(name: $0, value: next[$0]) }
        let query = components.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B") ?? ""
        headers[.link] = "<\(base)?\(query)>; rel=\"next\""
        return headers
    }
}
