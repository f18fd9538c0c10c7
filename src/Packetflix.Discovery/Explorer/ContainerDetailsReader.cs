using System.Globalization;
using Packetflix.Discovery.Json;
using Packetflix.Linux;

namespace Packetflix.Discovery.Explorer;

/// <summary>
/// Details of a container's initial process. The DNS files are read inside the container's mount namespace through
/// /proc/PID/root (proc(5): the process' root directory as it sees it, mount namespace included), resolved inside that
/// root (<see cref="RootedFile"/>), which needs no thread switch. The UTS hostname needs one: /proc/sys/kernel/hostname shows the reader's UTS namespace, so it is
/// read on a <see cref="NamespaceThread"/> that joined the container's. Every missing part is named in the reason.
/// </summary>
internal static class ContainerDetailsReader
{
    /// <summary>More than any real hostname, hosts or resolv.conf file.</summary>
    private const int MaxContainerFileBytes = 64 * 1024;

    public static async Task<UiDetails> ReadAsync(int pid, string procRoot = "/proc")
    {
        var dir = $"{procRoot}/{pid.ToString(CultureInfo.InvariantCulture)}";
        var missing = new List<string>();
        var hostname = ReadInContainer(dir, "/etc/hostname", missing)?.Trim();
        var hostsText = ReadInContainer(dir, "/etc/hosts", missing);
        var resolvText = ReadInContainer(dir, "/etc/resolv.conf", missing);
        var status = Read($"{dir}/status", "status", missing);
        var stat = Read($"{dir}/stat", "stat", missing);

        UiCapabilities? capabilities = null;
        string? affinity = null;
        if (status is not null)
        {
            if (ProcFacts.StatusField(status, "CapBnd") is { } mask)
            {
                var bounding = Capabilities.Decode(mask);
                capabilities = new UiCapabilities(bounding, [.. bounding.Where(c => !Capabilities.DockerDefault.Contains(c))]);
            }

            affinity = ProcFacts.StatusField(status, "Cpus_allowed_list");
        }

        UiScheduler? scheduler = null;
        if (stat is not null && ProcFacts.TryParseScheduling(stat, out var nice, out var policy))
        {
            scheduler = new UiScheduler(ProcFacts.PolicyName(policy), nice);
        }

        var uts = await ReadUtsHostnameAsync($"{dir}/ns/uts", missing);
        var resolv = resolvText is null ? default : DnsFiles.ParseResolvConf(resolvText);
        return new UiDetails(hostname, uts,
            hostsText is null ? null : [.. DnsFiles.ParseHosts(hostsText).Select(h => new UiHostEntry(h.Address, h.Names))],
            resolv.Nameservers, resolv.Search, capabilities, affinity, scheduler,
            missing.Count > 0, missing.Count > 0 ? "not readable: " + string.Join(", ", missing) : null);
    }

    /// <summary>A file of the container's own file system, resolved inside its root: the container controls it, so a
    /// symlink to a host file, a FIFO, a device or a huge file must not become our problem (<see cref="RootedFile"/>).</summary>
    private static string? ReadInContainer(string dir, string path, List<string> missing)
    {
        var result = RootedFile.ReadText($"{dir}/root", path, MaxContainerFileBytes);
        if (result.Status == RootedFileStatus.Read)
        {
            return result.Text;
        }

        missing.Add(result.Status switch
        {
            RootedFileStatus.NotRegularFile => $"{path} (not a regular file)",
            RootedFileStatus.TooLarge => $"{path} (over {MaxContainerFileBytes / 1024} KiB)",
            _ => path,
        });
        return null;
    }

    private static string? Read(string path, string what, List<string> missing)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            missing.Add(what);
            return null;
        }
    }

    private static async Task<string?> ReadUtsHostnameAsync(string path, List<string> missing)
    {
        using var fd = NamespaceFile.TryOpen(path);
        if (fd is not null)
        {
            try
            {
                return await NamespaceThread.RunAsync(fd, NamespaceType.Uts, () => File.ReadAllText("/proc/sys/kernel/hostname").Trim());
            }
            catch (Exception e) when (e is ErrnoException or IOException or UnauthorizedAccessException)
            {
                // Reported below.
            }
        }

        missing.Add("UTS hostname");
        return null;
    }
}
