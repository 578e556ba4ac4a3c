using Integration.Portal.Home;
using Integration.Portal.Login;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapHomePage();
app.MapDevTokenEndpoint();
app.Run();
