using System.Security.Authentication;
using Accord.Client;
using Accord.IntegrationTests.Infrastructure;
using Accord.Protos.V1;
using Accord.Server.Hosting;
using Accord.Testing;
using Accord.Testing.Server;
using Grpc.Core;

namespace Accord.IntegrationTests.Security;

/// <summary>
/// The gRPC endpoint over TLS: a real server with a certificate made in the test answers over https://
/// (HTTP/2 by ALPN) to clients that trust its certificate or CA, and to no other.
/// </summary>
public sealed class TlsTests : IDisposable
{
    private readonly TestCertificates _certificates = new();

    public void Dispose() => _certificates.Dispose();

    [Fact]
    public async Task GetLogInfo_SelfSignedCertificateTrusted_AnswersOverHttps()
    {
        var (certificate, key) = _certificates.SelfSigned("server");
        var server = await StartAsync(tls => (tls.CertificatePath, tls.KeyPath) = (certificate, key), trusted: certificate);
        try
        {
            var info = await server.Log.GetLogInfoAsync(new GetLogInfoRequest());

            Assert.Equal(Uri.UriSchemeHttps, server.Address.Scheme);
            Assert.Equal((await server.LogKeyAsync()).Name, info.Origin);
            Assert.StartsWith(info.Origin + "+", info.VerifierKey, StringComparison.Ordinal);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task RegisterParty_CertificateFromPrivateCaTrusted_Answers()
    {
        var (ca, certificate, key) = _certificates.Issued("server");
        var server = await StartAsync(tls => (tls.CertificatePath, tls.KeyPath) = (certificate, key));
        try
        {
            using var channel = AccordChannel.Open(server.Address, ca);
            var registry = new RegistryService.RegistryServiceClient(channel);
            var lab = await TestParty.RegisterAsync(registry, "tls-lab");

            var read = await registry.GetPartyAsync(new GetPartyRequest { PartyId = lab.Id });

            Assert.Equal(lab.Id, read.Party.PartyId);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task GetLogInfo_Pkcs12WithPassword_AnswersOverHttps()
    {
        var (certificate, key) = _certificates.SelfSigned("server");
        var pfx = _certificates.Pkcs12(certificate, key, "correct horse");
        var server = await StartAsync(tls => (tls.CertificatePath, tls.Password) = (pfx, "correct horse"));
        try
        {
            using var channel = AccordChannel.Open(server.Address, certificate);
            var info = await new TransparencyLogService.TransparencyLogServiceClient(channel).GetLogInfoAsync(new GetLogInfoRequest());

            Assert.NotEmpty(info.VerifierKey);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task GetLogInfo_ClientTrustsNeitherTheCertificateNorItsIssuer_FailsWithTlsAuthenticationError()
    {
        var (certificate, key) = _certificates.SelfSigned("server");
        var (otherCa, _, _) = _certificates.Issued("other");
        var server = await StartAsync(tls => (tls.CertificatePath, tls.KeyPath) = (certificate, key));
        try
        {
            foreach (var trusted in new[] { null, otherCa })
            {
                using var channel = AccordChannel.Open(server.Address, trusted);
                var e = await Assert.ThrowsAsync<RpcException>(() => new TransparencyLogService.TransparencyLogServiceClient(channel).GetLogInfoAsync(new GetLogInfoRequest()).ResponseAsync);

                Assert.Contains(e.StatusCode, new[] { StatusCode.Internal, StatusCode.Unavailable });
                Assert.Contains(Chain(e.Status.DebugException), inner => inner is AuthenticationException);
            }
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Cli_HttpsServer_TrustedWithCaCertWorksUntrustedExitsThreeWithOneLine()
    {
        var (ca, certificate, key) = _certificates.Issued("server");
        var server = await StartAsync(tls => (tls.CertificatePath, tls.KeyPath) = (certificate, key), trusted: ca);
        try
        {
            var url = server.Address.ToString();

            var trusted = await CliRunner.RunAsync("log", "key", "--server", url, "--ca-cert", ca);
            var untrusted = await CliRunner.RunAsync("log", "key", "--server", url);
            var plain = await CliRunner.RunAsync("log", "key", "--server", url.Replace("https://", "http://", StringComparison.Ordinal), "--ca-cert", ca);

            Assert.True(trusted.Code == 0, trusted.Err);
            Assert.Contains((await server.LogKeyAsync()).Name, trusted.Out, StringComparison.Ordinal);
            Assert.Equal(3, untrusted.Code);
            var line = Assert.Single(untrusted.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith($"error: cannot reach the server at {new Uri(url)}: TLS handshake failed", line, StringComparison.Ordinal);
            Assert.Contains("--ca-cert", line, StringComparison.Ordinal);
            Assert.Equal(2, plain.Code);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public void Build_CertificateWithoutItsKey_RefusesToStartNamingTheFile()
    {
        var (certificate, _) = _certificates.SelfSigned("server");

        var e = Assert.ThrowsAny<IOException>(() => AccordServerHost.Build([], o =>
        {
            o.DataDirectory = Path.Combine(_certificates.Directory, "data");
            o.Port = 0;
            o.Tls.CertificatePath = certificate;
        }));

        Assert.Contains(certificate, e.Message, StringComparison.Ordinal);
    }

    private static IEnumerable<Exception> Chain(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }

    private static async Task<AccordServerFixture> StartAsync(Action<TlsOptions> tls, string? trusted = null)
    {
        var server = new AccordServerFixture { Configure = o => tls(o.Tls), CaCertificate = trusted };
        await server.InitializeAsync();
        return server;
    }
}
