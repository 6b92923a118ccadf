using System.ComponentModel.DataAnnotations;
using Accord.IntegrationTests.Infrastructure;
using Accord.Server.Hosting;
using Accord.Testing;

namespace Accord.IntegrationTests.Cluster;

/// <summary>
/// The settings a server refuses before it starts: PostgreSQL without cluster TLS (unless the plaintext opt-out is
/// set), a certificate without its CA, a gateway without TLS, cluster settings on an embedded server.
/// </summary>
public sealed class ClusterTlsSettingsTests
{
    private const string Postgres = "Host=127.0.0.1;Port=1;Username=accord;Database=accord";

    public static TheoryData<bool, string?, string?, bool, int, string?> Cases => new()
    {
        // postgres, certificate, CA, plaintext, gateway port -> a word of the refusal, or null when accepted
        { true, null, null, false, 0, "--cluster-cert" },
        { true, "silo.crt", null, false, 0, "--cluster-ca" },
        { true, null, "ca.crt", false, 0, "--cluster-cert" },
        { true, "silo.crt", "ca.crt", true, 0, "both set" },
        { true, null, null, true, 30000, "gateway" },
        { false, "silo.crt", "ca.crt", false, 0, "with --postgres only" },
        { false, null, null, true, 0, "with --postgres only" },
        { false, null, null, false, 30000, "--gateway-port" },
        { true, "silo.crt", "ca.crt", false, 0, null },
        { true, "silo.crt", "ca.crt", false, 30000, null },
        { true, null, null, true, 0, null },
        { false, null, null, false, 0, null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Problem_Settings_RefusedNamingWhatToSetOrAccepted(bool postgres, string? certificate, string? ca, bool plaintext, int gatewayPort, string? refusal)
    {
        var tls = new ClusterTlsOptions { CertificatePath = certificate, CaPath = ca, AllowPlaintext = plaintext };

        var problem = tls.Problem(postgres, gatewayPort);

        if (refusal is null)
        {
            Assert.Null(problem);
        }
        else
        {
            Assert.NotNull(problem);
            Assert.Contains(refusal, problem, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', problem);
        }
    }

    [Fact]
    public void Build_PostgresWithoutClusterCertificate_RefusedBeforeTouchingTheDatabase()
    {
        var refused = Assert.Throws<ValidationException>(() => AccordServerHost.Build([], o =>
        {
            o.Postgres = Postgres;
            o.Port = 0;
        }));

        Assert.Contains("--cluster-cert", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Accord:Server:ClusterTls:AllowPlaintext=true", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServeCommand_PostgresWithoutClusterCertificate_ExitsTwoWithOneLine()
    {
        using var data = new TempDirectory("accord-cluster-tls-");

        var (code, stdout, stderr) = await CliRunner.RunAsync("serve", "--data", data.Path, "--postgres", Postgres, "--port", "0");

        Assert.Equal(2, code);
        Assert.DoesNotContain("listening", stdout, StringComparison.Ordinal);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: with --postgres the silo port needs mutual TLS", line, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(data.Path));
    }

    [Fact]
    public async Task ServeCommand_ClusterCertificateMissing_ExitsTwoNamingTheFile()
    {
        using var data = new TempDirectory("accord-cluster-tls-");
        var missing = data.File("silo.crt");

        var (code, _, stderr) = await CliRunner.RunAsync(
            "serve", "--data", data.Path, "--postgres", Postgres, "--port", "0", "--cluster-cert", missing, "--cluster-ca", data.File("ca.crt"));

        Assert.Equal(2, code);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal($"error: cluster TLS: no such file: {missing}", line);
    }
}
