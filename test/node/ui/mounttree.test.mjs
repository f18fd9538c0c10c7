// mounttree.js: the VFS tree of GET api/mounts/{mntns}, overmounts, search and propagation.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mountTree, overmounts, propagationText, searchTree } from "../../../src/Packetflix.Server/wwwroot/ui/mounttree.js";
import { fixture } from "./fixtures.mjs";

const { mounts } = fixture("mounts-4026532600.json");
const byId = new Map(mounts.map((m) => [m.id, m]));
const find = (node, path) => (node.path === path ? node : node.children.map((c) => find(c, path)).find(Boolean));

test("one node per path component with folder nodes and child counts", () => {
  const root = mountTree(mounts);
  assert.deepEqual(root.mounts.map((m) => m.id), [600]);
  assert.deepEqual(root.children.map((c) => c.name), ["data", "dev", "etc", "proc"]);
  assert.equal(root.count, 7);
  const etc = find(root, "/etc");
  assert.deepEqual([etc.mounts.length, etc.count], [0, 1]);
  assert.deepEqual(find(root, "/data").mounts.map((m) => m.id), [605, 607]);
  assert.equal(find(root, "/dev").count, 1);
});

test("the server's overmount flags are kept", () => {
  const root = mountTree(mounts);
  assert.deepEqual(find(root, "/data").mounts.map((m) => [m.id, m.hidden, m["hidden-by"]]), [[605, true, 607], [607, false, null]]);
  assert.equal(find(root, "/data/cache").mounts[0].hidden, true);
});

test("without flags, overmounts are derived: same path later, or a parent path later that is not an ancestor", () => {
  const bare = mounts.map(({ hidden, "hidden-by": by, ...m }) => m);
  const derived = overmounts(bare);
  assert.deepEqual(derived.get(605), { hidden: true, by: 607 });
  assert.deepEqual(derived.get(606), { hidden: true, by: 607 });
  assert.deepEqual(derived.get(607), { hidden: false, by: null });
  // /dev/pts is mounted on /dev (its parent), so /dev does not hide it.
  assert.deepEqual(derived.get(603), { hidden: false, by: null });
  assert.deepEqual([...derived.values()].filter((v) => v.hidden).length, 2);
});

test("a 10 000-line mount table builds quickly enough", () => {
  const many = [{ id: 1, parent: 0, "mount-point": "/", fstype: "ext4" }];
  for (let i = 0; i < 10_000; i++) many.push({ id: 10 + i, parent: 1, "mount-point": `/srv/${i % 100}/m${i}`, fstype: "tmpfs", hidden: false });
  const root = mountTree(many);
  assert.equal(root.count, 10_000);
  assert.equal(find(root, "/srv").children.length, 100);
});

test("search keeps matches and their ancestors; nothing matching is null", () => {
  const root = mountTree(mounts);
  const hit = searchTree(root, "DEVPTS");
  assert.deepEqual(hit.children.map((c) => c.path), ["/dev"]);
  assert.equal(hit.children[0].children[0].match, true);
  assert.equal(searchTree(root, "resolv").children[0].children[0].path, "/etc/resolv.conf");
  assert.equal(searchTree(root, "no-such-thing"), null);
  assert.equal(searchTree(root, "  "), root);
});

test("propagation names the mounts sharing a peer group and the master's", () => {
  assert.equal(propagationText(byId.get(605), byId), "shared:7 (peers /data/cache)");
  assert.equal(propagationText(byId.get(604), byId), "master:1 (from #22)");
  assert.equal(propagationText(byId.get(607), byId), "unbindable");
  assert.equal(propagationText(byId.get(601), byId), "private");
  assert.equal(propagationText({}, byId), "not available");
  assert.deepEqual(mountTree([]).children, []);
});
