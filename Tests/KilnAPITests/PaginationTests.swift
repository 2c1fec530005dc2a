import Foundation
import KilnCore
import Testing

/// Cursor pagination over hundreds of jobs: both orders, both directions, no duplicates, no
/// gaps, stable while new jobs arrive.
@Suite struct PaginationTests {
    static func createJobs(_ server: TestServer, count: Int, kind: String = "video") async throws -> [String] {
        try await withThrowingTaskGroup(of: String.self) { group in
            for i in 0..<count {
                group.addTask {
                    let job = try await server.client.createJob(#"{"input":"https://x.com/\#(i).mp4","kind":"\#(kind)"}"#)
                    return job["id"]?.stringValue ?? ""
                }
            }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
    }

    /// Follows `Link: rel="next"` from `firstPath` to the end, returning ids page by page.
    static func walk(_ server: TestServer, from firstPath: String) async throws -> [[String]] {
        var pages: [[String]] = []
        var path: String? = firstPath
        while let current = path {
            let response = try await server.client.get(current)
            guard response.status == 200, case .array(let items) = try response.json else {
                throw TestFailure("\(current): \(response.status) \(response.text)")
            }
            pages.append(items.compactMap { $0["id"]?.stringValue })
            let hasMore = response.header("Has-More") == "true"
            let link = response.header("Link")
            #expect(hasMore == (link != nil))
            path = link.map { link in
                String(link.dropFirst("<\(TestServer.publicURL)".count).prefix { $0 != ">" })
            }
            if pages.count > 200 { throw TestFailure("pagination does not end") }
        }
        return pages
    }

    @Test func pagesCoverEveryJobOnceInBothOrdersAndDirections() async throws {
        try await TestServer.run { server in
            let ids = try await Self.createJobs(server, count: 260).sorted()
            #expect(Set(ids).count == 260)

            let descending = try await Self.walk(server, from: "/jobs?limit=7")
            #expect(descending.dropLast().allSatisfy { $0.count == 7 })
            #expect(descending.flatMap { $0 } == ids.reversed())

            let ascending = try await Self.walk(server, from: "/jobs?limit=9&order=asc")
            #expect(ascending.flatMap { $0 } == ids)

            let full = try await Self.walk(server, from: "/jobs?limit=100")
            #expect(full.map(\.count) == [100, 100, 60])

            // Backwards from the oldest end of a descending list: `before` pages toward newer jobs.
            let oldest = ids[0]
            let backwards = try await Self.walk(server, from: "/jobs?limit=11&before=\(oldest)")
            #expect(backwards.allSatisfy { $0 == $0.sorted(by: >) }, "each page keeps the list's order")
            #expect(backwards.reversed().flatMap { $0 } == Array(ids.dropFirst().reversed()))

            let backwardsAscending = try await Self.walk(server, from: "/jobs?limit=13&order=asc&before=\(ids.last!)")
            #expect(backwardsAscending.reversed().flatMap { $0 } == Array(ids.dropLast()))

            // A range: after one id and before another.
            let range = try await Self.walk(server, from: "/jobs?order=asc&limit=5&after=\(ids[10])&before=\(ids[30])")
            #expect(range.flatMap { $0 } == Array(ids[11..<30]))

            // Filters combine with cursors.
            _ = try await Self.createJobs(server, count: 30, kind: "audio")
            let audio = try await Self.walk(server, from: "/jobs?kind=audio&limit=8&order=asc")
            #expect(audio.flatMap { $0 }.count == 30)
            let video = try await Self.walk(server, from: "/jobs?kind=video&status=queued&limit=50")
            #expect(video.flatMap { $0 } == ids.reversed())
        }
    }

    @Test func pagingIsStableWhileJobsAreCreated() async throws {
        try await TestServer.run { server in
            let ids = try await Self.createJobs(server, count: 250).sorted()
            async let inserts = Self.createJobs(server, count: 120)
            async let descendingWalk = Self.walk(server, from: "/jobs?limit=10")
            async let ascendingWalk = Self.walk(server, from: "/jobs?limit=10&order=asc")
            let (newIDs, descending, ascending) = try await (inserts, descendingWalk, ascendingWalk)
            let newSet = Set(newIDs)

            let desc = descending.flatMap { $0 }
            #expect(Set(desc).count == desc.count, "no duplicates")
            #expect(desc == desc.sorted(by: >))
            #expect(desc.filter { !newSet.contains($0) } == ids.reversed(), "every older job exactly once")

            let asc = ascending.flatMap { $0 }
            #expect(Set(asc).count == asc.count, "no duplicates")
            #expect(asc == asc.sorted())
            #expect(asc.filter { !newSet.contains($0) } == ids, "every older job exactly once")
        }
    }
}
