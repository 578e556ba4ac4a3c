using System.Net;
using System.Net.Sockets;
using System.Text;
using Integration.Testing;

namespace Integration.Portal.Tests;

/// <summary>The Portal on a real Kestrel port: its request limits are Kestrel's, which the in-process server does not apply.</summary>
public sealed class KestrelPortal : ServiceFactory<Program>
{
    protected override bool OnRealPort => true;
}

/// <summary>
/// Requests over the limits get an answer, not a reset, and a client that dribbles its headers is let go of (issue 26: a
/// 10 MB body reset the connection; dribbled headers held one open for Kestrel's whole 30 s).
/// </summary>
public sealed class RequestLimitTests(KestrelPortal portal) : IClassFixture<KestrelPortal>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/auth/dev-token")]
    [InlineData("/login")]
    [InlineData("/")]
    public async Task A_body_over_the_limit_is_answered_413(string path)
    {
        using var client = new HttpClient { BaseAddress = new Uri(portal.Url) };
        using var content = new ByteArrayContent(new byte[10 * 1024 * 1024]);
        content.Headers.ContentType = new("application/json");

        using var response = await client.PostAsync(path, content, Cancel);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("too large", await response.Content.ReadAsStringAsync(Cancel));
    }

    [Fact]
    public async Task A_client_that_dribbles_its_headers_is_let_go_of_before_it_is_done()
    {
        using var tcp = new TcpClient();
        var url = new Uri(portal.Url);
        await tcp.ConnectAsync(url.Host, url.Port, Cancel);
        var stream = tcp.GetStream();
        var request = Encoding.ASCII.GetBytes("GET /alive HTTP/1.1\r\nX-Slow: " + new string('a', 20));
        var closed = false;
        // One byte every half second: 24 s to send it all, less than Kestrel's own 30 s. The server lets go within its 10 s instead.
        foreach (var b in request)
        {
            try
            {
                await stream.WriteAsync(new[] { b }, Cancel);
                await Task.Delay(500, Cancel);
                if (tcp.Client.Poll(0, SelectMode.SelectRead) && tcp.Client.Available == 0)
                {
                    closed = true;
                    break;
                }
            }
            catch (IOException)
            {
                closed = true;
                break;
            }
        }

        Assert.True(closed, "The server held a connection whose headers came one byte every half second for the whole request.");
    }
}
