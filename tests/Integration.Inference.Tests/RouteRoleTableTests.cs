using Integration.Testing;

namespace Integration.Inference.Tests;

/// <summary>Who may call each route of the Inference service.</summary>
public sealed class RouteRoleTableTests(InferenceFactory service) : RouteRoleTests<Program>(service), IClassFixture<InferenceFactory>
{
    protected override string Expected => """
        DELETE /api/blobs/{digest}: signed-in
        HEAD /api/blobs/{digest}: signed-in
        POST /api/blobs/{digest}: signed-in
        POST /api/chat: signed-in
        DELETE /api/copy: signed-in
        HEAD /api/copy: signed-in
        POST /api/copy: signed-in
        DELETE /api/create: signed-in
        HEAD /api/create: signed-in
        POST /api/create: signed-in
        DELETE /api/delete: signed-in
        HEAD /api/delete: signed-in
        POST /api/delete: signed-in
        POST /api/embed: signed-in
        POST /api/embeddings: signed-in
        POST /api/generate: signed-in
        GET /api/ps: signed-in
        DELETE /api/pull: signed-in
        HEAD /api/pull: signed-in
        POST /api/pull: signed-in
        DELETE /api/push: signed-in
        HEAD /api/push: signed-in
        POST /api/push: signed-in
        POST /api/show: signed-in
        GET /api/tags: signed-in
        GET /api/version: signed-in
        GET /openapi/{documentName}.json: anyone
        GET /system/dependencies: admin, service
        GET /system/info: signed-in
        POST /v1/chat/completions: signed-in
        GET /v1/datasets/: admin, designer
        POST /v1/datasets/feedback/items: service
        GET /v1/datasets/golden: admin, designer
        POST /v1/datasets/golden: admin
        GET /v1/drift/alerts: admin, designer
        GET /v1/drift/{model}: admin, designer
        DELETE /v1/drift/{model}/reference: admin, designer
        PUT /v1/drift/{model}/reference: admin, designer
        POST /v1/embeddings: signed-in
        POST /v1/evaluations/: admin, designer
        POST /v1/evaluations/backends: admin, designer
        GET /v1/evaluations/backends/{model}: admin, designer
        POST /v1/evaluations/compare: admin, designer
        POST /v1/evaluations/drafters: admin, designer
        POST /v1/evaluations/extractors: admin, designer
        GET /v1/evaluations/{model}: admin, designer
        GET /v1/evaluations/{model}/{id}: admin, designer
        GET /v1/kb/collections/: signed-in
        GET /v1/kb/collections/{collection}/documents: signed-in
        DELETE /v1/kb/collections/{collection}/documents/{id}: admin, designer
        PUT /v1/kb/collections/{collection}/documents/{id}: admin, designer
        POST /v1/kb/collections/{collection}/retrieve: signed-in
        GET /v1/metering: admin, designer
        GET /v1/models: signed-in
        GET /v1/models/{*id}: signed-in
        GET /v1/registry/models: signed-in
        GET /v1/registry/models/{name}: signed-in
        GET /v1/training/{model}/promotions: admin, designer
        POST /v1/training/{model}/runs: admin, designer, service
        GET /v1/training/{model}/versions: admin, designer
        GET /v1/training/{model}/versions/{version:int}: admin, designer
        POST /v1/training/{model}/versions/{version:int}/promote: admin, designer
        """;
}
