namespace Packetflix.Linux;

/// <summary>One line of /proc/PID/mountinfo (proc_pid_mountinfo(5)); paths unescaped.</summary>
/// <param name="Id">Mount id (field 1), unique within the system while mounted.</param>
/// <param name="ParentId">Id of the parent mount (field 2); the root's parent may be outside the namespace.</param>
/// <param name="Device">major:minor of st_dev (field 3).</param>
/// <param name="Root">The directory of the filesystem that forms the root of this mount (field 4).</param>
/// <param name="MountPoint">Where it is mounted, relative to the reading process' root (field 5).</param>
/// <param name="Options">Per-mount options (field 6), e.g. <c>rw,nosuid</c>.</param>
/// <param name="OptionalFields">Zero or more <c>tag[:value]</c> fields: <c>shared:N</c>, <c>master:N</c>,
/// <c>propagate_from:N</c>, <c>unbindable</c>.</param>
/// <param name="FsType">Filesystem type (after the " - " separator).</param>
/// <param name="Source">Mount source, e.g. a device or "none".</param>
/// <param name="SuperOptions">Per-superblock options.</param>
public sealed record MountEntry(
    int Id,
    int ParentId,
    string Device,
    string Root,
    string MountPoint,
    string Options,
    IReadOnlyList<string> OptionalFields,
    string FsType,
    string Source,
    string SuperOptions);
