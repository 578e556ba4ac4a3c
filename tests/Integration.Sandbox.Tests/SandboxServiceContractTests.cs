using Integration.Testing;

namespace Integration.Sandbox.Tests;

public sealed class SandboxServiceContractTests(SandboxFactory service) : ServiceContractTests<Program>(service), IClassFixture<SandboxFactory>;
