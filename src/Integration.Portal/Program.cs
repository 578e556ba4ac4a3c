using Integration.Portal;
using Integration.Portal.Components;
using Integration.Portal.Login;

var builder = WebApplication.CreateBuilder(args);
// The AppHost runs the Portal from its build output in any environment: serve the framework's and MudBlazor's assets
// from there as in Development (a published Portal has them in wwwroot, and this does nothing).
builder.WebHost.UseStaticWebAssets();
builder.AddServiceDefaults();
builder.AddPortalServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.UseAntiforgery();
app.MapStaticAssets().AllowAnonymous();
app.MapDevTokenEndpoint();
app.MapSignOut();
app.MapProviderSignIn();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
app.Run();
