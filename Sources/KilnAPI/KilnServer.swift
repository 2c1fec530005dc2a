import Hummingbird
import KilnCore
import KilnStore
import Logging
import ServiceLifecycle

/// The HTTP API: routes, middleware and the Hummingbird application that serves them.
public enum KilnServer {
    public static func router(_ env: APIEnvironment, logger: Logger) -> Router<KilnRequestContext> {
        let router = Router(context: KilnRequestContext.self)
        // Outermost first: the id is set before anything logs, and the request is counted with
        // the status the error middleware gives it.
        router.add(middleware: RequestIDMiddleware(ids: env.ids))
        router.add(middleware: ObservingMiddleware(metrics: env.metrics))
        router.add(middleware: ErrorMiddleware())
        if let filesRoot = env.filesRoot {
            router.add(middleware: MediaContentTypeMiddleware())
            router.add(middleware: FileMiddleware(filesRoot, urlBasePath: "/files", searchForIndexHtml: false, logger: logger))
        }
        SystemRoutes(env: env).register(RouteTable(router: router))
        MetricsRoutes(exposition: env.metricsExposition).register(RouteTable(router: router))
        DashboardRoutes(catalog: env.catalog).register(RouteTable(router: router))

        let authenticated = router.group().add(middleware: AuthMiddleware(keys: AuthCache(store: env.store, clock: env.clock)))
        JobRoutes(env: env).register(RouteTable(router: authenticated))
        TaskRoutes(env: env).register(RouteTable(router: authenticated))
        ConnectionRoutes(env: env).register(RouteTable(router: authenticated))
        return router
    }

    public static func application(
        _ env: APIEnvironment, host: String, port: Int, services: [any Service] = [], logger: Logger,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Application(
            router: router(env, logger: logger),
            configuration: .init(address: .hostname(host, port: port), serverName: "kiln"),
            services: services,
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
            logger: logger
        )
    }

    /// A server of `GET /metrics` alone, on a port of its own (`--metrics-port`): for `kiln
    /// worker`, which has no API, and for operators who keep metrics off the API's port.
    public static func metricsApplication(
        _ exposition: MetricsExposition, ids: IDSource = .live(), host: String, port: Int, logger: Logger,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol & Service {
        let router = Router(context: KilnRequestContext.self)
        router.add(middleware: RequestIDMiddleware(ids: ids))
        router.add(middleware: ErrorMiddleware())
        MetricsRoutes(exposition: exposition).register(RouteTable(router: router))
        return Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: "kiln"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
            logger: logger
        )
    }
}
