import KilnCore

/// The dashboard: plain HTML, CSS and JavaScript modules, compiled into the binary (each file's
/// text is a constant under `Assets/`), so a server needs nothing beside itself and fetches
/// nothing from elsewhere at run time.
public enum DashboardAssets {
    public struct Asset: Sendable {
        /// Where it is served: `/` for the page, `/dashboard/…` for the rest.
        public let path: String
        public let contentType: String
        public let text: String
        /// A strong validator of the text, for `ETag`.
        public let etag: String

        public init(path: String, contentType: String, text: String) {
            self.path = path
            self.contentType = contentType
            self.text = text
            etag = "\"" + FNV.hash(text) + "\""
        }
    }

    static let javascript = "text/javascript; charset=utf-8"

    /// Every file, the page first.
    public static let all: [Asset] = [
        Asset(path: "/", contentType: "text/html; charset=utf-8", text: IndexPage.text),
        Asset(path: "/dashboard/app.css", contentType: "text/css; charset=utf-8", text: Stylesheet.text),
        Asset(path: "/dashboard/app.js", contentType: javascript, text: AppScript.text),
        Asset(path: "/dashboard/api.js", contentType: javascript, text: APIScript.text),
        Asset(path: "/dashboard/ui.js", contentType: javascript, text: UIScript.text),
        Asset(path: "/dashboard/media.js", contentType: javascript, text: MediaScript.text),
        Asset(path: "/dashboard/signin.js", contentType: javascript, text: SignInScript.text),
        Asset(path: "/dashboard/jobs.js", contentType: javascript, text: JobsScript.text),
        Asset(path: "/dashboard/job.js", contentType: javascript, text: JobScript.text),
        Asset(path: "/dashboard/new-job.js", contentType: javascript, text: NewJobScript.text),
        Asset(path: "/dashboard/tasks.js", contentType: javascript, text: TasksScript.text),
        Asset(path: "/dashboard/connections.js", contentType: javascript, text: ConnectionsScript.text),
        Asset(path: "/dashboard/events.js", contentType: javascript, text: EventsScript.text),
        Asset(path: "/dashboard/webhooks.js", contentType: javascript, text: WebhooksScript.text),
    ]

    /// What the page allows itself: its own scripts and styles, requests to this server only,
    /// and media from anywhere (results may be served from another address, `--public-url`).
    public static let contentSecurityPolicy = [
        "default-src 'self'", "script-src 'self'", "style-src 'self'", "connect-src 'self'",
        "img-src 'self' data: blob: http: https:", "media-src 'self' blob: http: https:",
        "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'",
    ].joined(separator: "; ")
}

/// FNV-1a, 64 bits: enough to tell two versions of an asset apart.
enum FNV {
    static func hash(_ text: String) -> String {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            value ^= UInt64(byte)
            value = value &* 0x0000_0100_0000_01B3
        }
        return String(value, radix: 16)
    }
}
