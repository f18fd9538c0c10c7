namespace Packetflix.Discovery.Namespaces;

/// <summary>The mountinfo of one mount namespace, read through <paramref name="Pid"/>.</summary>
internal readonly record struct MountinfoText(int Pid, ulong MntnsInode, string Text);
