"""a proctor assignment is per room, never per session

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03

`proctor_assignment.session_id` was never set by the app and the room list ignored it; rows
that carry one granted nothing there, so they are removed before the column is dropped (and
a room-wide row for the same proctor and room keeps the unique constraint satisfiable).

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    op.execute("DELETE FROM proctor_assignment WHERE session_id IS NOT NULL")
    with op.batch_alter_table('proctor_assignment', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('uq_proctor_assignment_user_id_room_id_session_id'), type_='unique'
        )
        batch_op.drop_constraint(
            batch_op.f('fk_proctor_assignment_session_id_exam_session'), type_='foreignkey'
        )
        batch_op.drop_column('session_id')
        batch_op.create_unique_constraint(
            batch_op.f('uq_proctor_assignment_user_id_room_id'), ['user_id', 'room_id']
        )


def downgrade():
    with op.batch_alter_table('proctor_assignment', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('uq_proctor_assignment_user_id_room_id'), type_='unique'
        )
        batch_op.add_column(sa.Column('session_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_proctor_assignment_session_id_exam_session'),
            'exam_session', ['session_id'], ['id'],
        )
        batch_op.create_unique_constraint(
            batch_op.f('uq_proctor_assignment_user_id_room_id_session_id'),
            ['user_id', 'room_id', 'session_id'],
        )
