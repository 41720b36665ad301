"""The attempt lifecycle shared by candidates, proctors and sessions: start, pause, finish, void,
the server's deadline, control signals and answer receipts.
"""
