/** An instance a rule can be limited to; the app layer supplies the list (features never import each other). */
export type InstanceChoice = { id: string; name: string };
