// The workflows the worker runs. The case lifecycle (issue 5) is registered here.
export {};
