import Foundation
import KilnCore
import KilnDashboard
import Testing

/// The dashboard's files as served; the browser tests (`Tests/browser`) drive it in Chromium.
@Suite struct DashboardTests {
    @Test func thePageAndItsFilesAreServedWithoutAKey() async throws {
        try await TestServer.run { server in
            let page = try await server.client.get("/", apiKey: .some(nil))
            #expect(page.status == 200 && page.header("Content-Type") == "text/html; charset=utf-8")
            #expect(page.text.contains(#"<script type="module" src="/dashboard/app.js"></script>"#))
            let policy = try #require(page.header("Content-Security-Policy"))
            #expect(policy.contains("script-src 'self'") && policy.contains("connect-src 'self'"), "nothing is loaded from elsewhere")
            #expect(page.header("X-Frame-Options") == "DENY" && page.header("Referrer-Policy") == "no-referrer")

            for asset in DashboardAssets.all where asset.path != "/" {
                let response = try await server.client.get(asset.path, apiKey: .some(nil))
                #expect(response.status == 200 && response.header("Content-Type") == asset.contentType, "\(asset.path)")
                #expect(response.header("X-Content-Type-Options") == "nosniff")
                let etag = try #require(response.header("ETag"))
                let again = try await server.client.request(.GET, asset.path, headers: [("If-None-Match", etag)], apiKey: .some(nil))
                #expect(again.status == 304 && again.text.isEmpty, "an unchanged file is not sent again")
            }
            #expect(try await server.client.get("/jobs", apiKey: .some(nil)).status == 401, "the API keeps its paths and its keys")
            #expect(try await server.client.get("/dashboard/nothing.js", apiKey: .some(nil)).status == 404)
        }
    }

    @Test func everyModuleTheScriptsImportIsServed() throws {
        let served = Set(DashboardAssets.all.map(\.path))
        for asset in DashboardAssets.all {
            for match in asset.text.matches(of: /from "\.\/([a-z-]+\.js)"/) {
                #expect(served.contains("/dashboard/" + match.output.1), "\(asset.path) imports \(match.output.1)")
            }
            #expect(asset.text.firstMatch(of: /(from|import|fetch\(|src=|href=)\s*["']?(https?:)?\/\/[a-z]/) == nil, "\(asset.path) loads nothing from elsewhere")
            #expect(!asset.text.contains("innerHTML"), "\(asset.path) builds elements from text, never from HTML")
        }
    }

    @Test func theFormOffersTheKindsAndOptionsTheAPIValidates() async throws {
        try await TestServer.run { server in
            let response = try await server.client.get("/dashboard/kinds.json", apiKey: .some(nil))
            #expect(response.text == FormCatalog.json(.builtIn).serialized(), "the node's catalog, as the API validates with")
            let kinds = try response.json
            let openAPI = try await ContractTests.validator(server)
            #expect(openAPI.problems(path: "/dashboard/kinds.json", method: "GET", response: response) == [])
            let jobKinds = try #require(kinds["job_kinds"].flatMap { if case .array(let a) = $0 { a } else { nil } })
            // The five kinds of the jobs API, then Kiln's analysis kinds.
            let offered = jobKinds.compactMap { $0["kind"]?.stringValue }
            #expect(offered == StepCatalog.builtIn.entries.filter(\.isJobKind).map(\.kind.rawValue))
            #expect(Array(offered.prefix(JobKind.allCases.count)) == JobKind.allCases.map(\.rawValue))
            for entry in jobKinds {
                let kind = StepKind(entry["kind"]?.stringValue ?? "")
                let names = try #require(entry["options"].flatMap { if case .array(let a) = $0 { a } else { nil } }).compactMap { $0["name"]?.stringValue }
                #expect(names == StepCatalog.builtIn[kind]?.optionNames, "\(kind.rawValue)")
            }
            #expect(kinds["task_kinds"] == .array(StepCatalog.builtIn.kinds.map { .string($0.rawValue) }))
            #expect(kinds["job_statuses"] == ["queued", "processing", "succeeded", "failed", "cancelled"])
        }
    }
}
