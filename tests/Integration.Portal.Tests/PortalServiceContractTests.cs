using Integration.Testing;

namespace Integration.Portal.Tests;

public sealed class PortalServiceContractTests(ServiceFactory<Program> service) : ServiceContractTests<Program>(service), IClassFixture<ServiceFactory<Program>>;
