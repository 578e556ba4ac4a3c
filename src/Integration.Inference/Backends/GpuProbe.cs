using System.Diagnostics;

namespace Integration.Inference.Backends;

public sealed record GpuStatus(bool Visible, IReadOnlyList<string> Devices, string Detail);

/// <summary>
/// Whether a GPU is visible to this host, asked once of nvidia-smi. The embedded engine never uses one;
/// the answer tells an operator whether a local Ollama could.
/// </summary>
public sealed class GpuProbe(ILogger<GpuProbe> logger)
{
    private readonly Lazy<GpuStatus> _status = new(() => Probe(logger));

    public GpuStatus Current => _status.Value;

    private static GpuStatus Probe(ILogger logger)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("nvidia-smi", "--query-gpu=name,memory.total --format=csv,noheader")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            })!;
            var output = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(TimeSpan.FromSeconds(5)) || process.ExitCode != 0)
            {
                return new GpuStatus(false, [], "nvidia-smi did not list a GPU");
            }

            var devices = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return new GpuStatus(devices.Length > 0, devices, "nvidia-smi");
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            logger.LogDebug("No GPU visible: {Reason}", e.Message);
            return new GpuStatus(false, [], "nvidia-smi is not installed");
        }
    }
}
