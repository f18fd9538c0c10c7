// nstree.js: the user-namespace and PID trees of GET api/namespaces, and Mounts bookmark names.
import { test } from "node:test";
import assert from "node:assert/strict";
import { TYPES, containerNames, countNodes, mountSlug, pidTree, resolveMountNamespace, userTree } from "../../../src/Packetflix.Server/wwwroot/ui/nstree.js";
import { fixture } from "./fixtures.mjs";

const { namespaces } = fixture("namespaces.json");
const shape = (nodes) => nodes.map((n) => (n.children.length ? [`${n.ns.type}:${n.ns.inode}`, shape(n.children)] : `${n.ns.type}:${n.ns.inode}`));

test("every namespace hangs under the user namespace owning it, child user namespaces under their parent", () => {
  const tree = userTree(namespaces);
  assert.equal(countNodes(tree), namespaces.length);
  assert.deepEqual(shape(tree), [["user:4026531837", [
    "pid:4026531836", "net:4026531840", "mnt:4026531841", "uts:4026531838",
    ["user:4026532900", ["pid:4026532950", "pid:4026532960", "cgroup:4026532961"]],
    "pid:4026532601", "net:4026532571", "mnt:4026532600", "mnt:4026532990",
  ]]]);
});

test("the type filter keeps the user skeleton only where something is left under it", () => {
  assert.deepEqual(shape(userTree(namespaces, new Set(["net"]))), [["user:4026531837", ["net:4026531840", "net:4026532571"]]]);
  assert.deepEqual(shape(userTree(namespaces, new Set(["cgroup"]))), [["user:4026531837", [["user:4026532900", ["cgroup:4026532961"]]]]]);
  assert.deepEqual(shape(userTree(namespaces, new Set(["user"]))), [["user:4026531837", ["user:4026532900"]]]);
  assert.deepEqual(userTree(namespaces, new Set()), []);
});

test("the PID tree nests by parent, initial first", () => {
  assert.deepEqual(shape(pidTree(namespaces)), [["pid:4026531836", ["pid:4026532601", ["pid:4026532950", ["pid:4026532960"]]]]]);
});

test("namespaces whose owner or parent is not in the data become roots; an empty list is an empty tree", () => {
  const orphans = [{ type: "net", inode: 5, "user-namespace": 77 }, { type: "user", inode: 6, parent: 66 }, { type: "pid", inode: 8, parent: 8 }];
  assert.deepEqual(shape(userTree(orphans)), ["user:6", "pid:8", "net:5"]);
  assert.deepEqual(shape(pidTree(orphans)), ["pid:8"]);
  assert.deepEqual(userTree([]), []);
  assert.equal(TYPES.length, 8);
});

test("container names as the server displays them ([outer]:inner)", () => {
  assert.deepEqual(containerNames(namespaces.find((n) => n.inode === 4026532960)), ["[rootless]:inner"]);
  assert.deepEqual(containerNames({ containers: [{ name: "b", prefix: "a" }] }), ["[a]:b"]);
  assert.deepEqual(containerNames({}), []);
});

test("Mounts bookmarks name a mount namespace by container, host, process or inode", () => {
  const inode = (name) => resolveMountNamespace(namespaces, name)?.inode ?? null;
  assert.equal(inode("web"), 4026532600);
  assert.equal(inode("host"), 4026531841);
  assert.equal(inode("pid:12345"), 4026532600);
  assert.equal(inode("12345"), 4026532600);
  assert.equal(inode("4026532990"), 4026532990);
  assert.equal(inode("nope"), null);
  assert.equal(inode(null), null);
  assert.deepEqual(namespaces.filter((n) => n.type === "mnt").map(mountSlug), ["host", "web", "4026532990"]);
  assert.equal(mountSlug({ type: "mnt", inode: 1, ealdorman: { pid: 9, name: "x" } }), "pid:9");
});
