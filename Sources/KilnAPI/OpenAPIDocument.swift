/// The OpenAPI 3.1 document served at `GET /openapi.json`.
enum OpenAPIDocument {
    static let text = #"{"openapi":"3.1.0","info":{"title":"Kiln","version":"0.1.0"},"paths":{}}"#
}
