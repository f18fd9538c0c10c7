// The explorer fixtures (test/data/explorer), shaped as the JSON contract of docs/discovery.md describes.
import { readFileSync } from "node:fs";

export const fixtureDirectory = new URL("../../data/explorer/", import.meta.url);

export function fixture(name) {
  return JSON.parse(readFileSync(new URL(name, fixtureDirectory), "utf8"));
}
