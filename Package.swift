// swift-tools-version:6.0
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "Kiln",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "kiln", targets: ["kiln"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/swiftlang/swift-subprocess.git", from: "1.0.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        .target(name: "KilnCore", swiftSettings: strict),
        .target(
            name: "KilnObservability",
            dependencies: [
                "KilnCore",
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(name: "KilnDashboard", dependencies: ["KilnCore"], swiftSettings: strict),
        // libvips from Debian's libvips-dev (`./kiln` and scripts/test install it), reached only
        // through CKilnVips' few non-variadic C functions.
        .systemLibrary(name: "CVips", pkgConfig: "vips", providers: [.apt(["libvips-dev"])]),
        .target(name: "CKilnVips", dependencies: ["CVips"]),
        .target(
            name: "KilnMedia",
            dependencies: ["KilnCore", "CKilnVips", .product(name: "Subprocess", package: "swift-subprocess")],
            swiftSettings: strict
        ),
        .target(name: "KilnIntelligence", dependencies: ["KilnCore", "KilnMedia"], swiftSettings: strict),
        .target(
            name: "KilnStorage",
            dependencies: [
                "KilnCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "KilnPipeline",
            dependencies: [
                "KilnCore", "KilnMedia", "KilnStore", "KilnStorage", "KilnObservability", "KilnIntelligence",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "KilnStore",
            dependencies: [
                "KilnCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "KilnAPI",
            dependencies: [
                "KilnCore", "KilnStore", "KilnStorage", "KilnObservability", "KilnDashboard",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "KilnNode",
            dependencies: [
                "KilnCore", "KilnStore", "KilnStorage", "KilnMedia", "KilnPipeline", "KilnAPI", "KilnObservability", "KilnIntelligence",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "KilnCLI",
            dependencies: [
                "KilnCore", "KilnStore", "KilnStorage", "KilnMedia", "KilnPipeline", "KilnAPI", "KilnNode", "KilnObservability", "KilnIntelligence",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(name: "kiln", dependencies: ["KilnCLI"], swiftSettings: strict),
        .testTarget(name: "KilnCoreTests", dependencies: ["KilnCore"], swiftSettings: strict),
        .testTarget(
            name: "KilnObservabilityTests",
            dependencies: ["KilnCore", "KilnObservability", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .testTarget(name: "KilnMediaTests", dependencies: ["KilnCore", "KilnMedia", "KilnStorage", "KilnPipeline", "KilnIntelligence"], swiftSettings: strict),
        .testTarget(name: "KilnIntelligenceTests", dependencies: ["KilnCore", "KilnMedia", "KilnIntelligence"], swiftSettings: strict),
        .testTarget(
            name: "KilnAPITests",
            dependencies: [
                "KilnCore", "KilnStore", "KilnAPI", "KilnCLI", "KilnNode", "KilnPipeline", "KilnObservability", "KilnDashboard", "KilnIntelligence",
                .product(name: "Hummingbird", package: "hummingbird"),
                "KilnStorage",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
