using Integration.Testing;

namespace Integration.Sandbox.Tests;

public sealed class SandboxServiceContractTests(ServiceFactory<Program> service) : ServiceContractTests<Program>(service), IClassFixture<ServiceFactory<Program>>;
