using Integration.Testing;

namespace Integration.Inference.Tests;

public sealed class InferenceServiceContractTests(ServiceFactory<Program> service) : ServiceContractTests<Program>(service), IClassFixture<ServiceFactory<Program>>;
