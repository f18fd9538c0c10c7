namespace Packetflix.Linux;

/// <summary>
/// A bind mount of a namespace file (fstype nsfs), e.g. <c>/run/netns/NAME</c> made by <c>ip netns add</c>.
/// <paramref name="NamespaceType"/> is the prefix of the root field (<c>net</c> in <c>net:[4026532320]</c>).
/// </summary>
public readonly record struct NsfsMount(string MountPoint, string NamespaceType, ulong Inode);
